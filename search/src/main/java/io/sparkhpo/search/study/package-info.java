/**
 * The ask/tell {@link io.sparkhpo.search.study.Study}: the one place where samplers, pruners, trials and storage meet;
 * one objective or several (a Pareto front), and a warm start from earlier studies' trials.
 */
package io.sparkhpo.search.study;

/** The ask/tell {@link io.sparkhpo.search.study.Study}: the one place where samplers, pruners, trials and storage meet. */
package io.sparkhpo.search.study;

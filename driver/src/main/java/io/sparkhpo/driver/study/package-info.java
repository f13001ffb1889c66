/**
 * What every command shares about a study: the folder's layout ({@link io.sparkhpo.driver.study.StudyLayout}) and the
 * two kinds of failure the CLI reports without a stack trace ({@link io.sparkhpo.driver.study.UserError}, exit 2;
 * {@link io.sparkhpo.driver.study.RunFailure}, exit 1). It depends on nothing else in the driver.
 */
package io.sparkhpo.driver.study;

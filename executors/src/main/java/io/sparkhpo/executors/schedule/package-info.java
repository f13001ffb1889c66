/**
 * Learning-rate schedules as pure functions of the position (epoch, fractional epoch or iteration), following
 * PyTorch's {@code torch.optim.lr_scheduler} (1.13): the multiplier η_t with lr_t = α·η_t, and for the cyclic ones
 * the momentum / β1. {@link io.sparkhpo.executors.schedule.Plateau} (ReduceLROnPlateau) depends on metrics and is an
 * explicit state machine. {@link io.sparkhpo.executors.schedule.Schedules} builds them from config vocabulary.
 */
package io.sparkhpo.executors.schedule;

/**
 * Learning-rate schedules as pure functions of the position (epoch, fractional epoch or iteration), following
 * PyTorch's {@code torch.optim.lr_scheduler} (1.13): the multiplier η_t with lr_t = α·η_t, and for the cyclic ones
 * the momentum / β1 ({@link io.sparkhpo.executors.schedule.Curves}). {@link io.sparkhpo.executors.schedule.Plateau}
 * (ReduceLROnPlateau) depends on metrics and is an explicit state machine. {@code ScheduleTypes} is the registry
 * (name, parameters, defaults, builder of each); {@link io.sparkhpo.executors.schedule.Schedules} validates a spec
 * against it and assembles warmup and composition.
 */
package io.sparkhpo.executors.schedule;

/**
 * The benchmarks, kept off the sweep's path: {@code sparkhpo bench} (training and inference throughput of the CIFAR
 * ResNet-18 for each engine and for PyTorch in one run, {@code --profile}'s per-phase split and the update alone),
 * {@code bench-search} (our samplers against Optuna's on test functions) and {@code bench-cluster} (a sweep on local
 * standalone clusters of growing size).
 */
package io.sparkhpo.driver.bench;

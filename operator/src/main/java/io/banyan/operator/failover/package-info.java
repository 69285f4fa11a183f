/**
 * The failover manager's decisions as pure functions (design §4, invariants I3–I5): no I/O, no
 * clock, no Kubernetes client. The integrator probes the nodes, calls {@link
 * io.banyan.operator.failover.FailoverManager#evaluate} once per observation round, keeps the
 * returned {@link io.banyan.operator.failover.MasterSuspicion} in memory, and acts on the {@link
 * io.banyan.operator.failover.Decision}:
 *
 * <ul>
 *   <li>{@code Start}: write {@code status.failover = state.toStatus()}, {@code status.epoch =
 *       promotion.epoch()}, {@code status.targetMaster = promotion.target()} <b>first</b>; then
 *       treat it as a {@code Continue} of that state.
 *   <li>{@code Continue}: persist {@code step.state()} when it changed, then perform {@code
 *       step.commands()} in order (each idempotent). When the step is past PROMOTING set {@code
 *       status.currentMaster} to the target; on DONE append a history record and clear {@code
 *       status.failover}.
 *   <li>{@code Abandon}: clear {@code status.failover}, record the abandoned one in history, then
 *       handle {@code next} the same way.
 *   <li>{@code ReportOnly}, {@code NoCandidate}, {@code NoAction}: conditions and events only.
 * </ul>
 */
package io.banyan.operator.failover;

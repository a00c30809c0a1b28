package dev.gatehouse.platform.cluster;

/**
 * The node listens again after an outage of its channel: whatever it cached may have missed a
 * notice and is dropped.
 *
 * @param outageMillis how long the node could not hear other nodes
 */
public record ChannelRestored(long outageMillis) {
}

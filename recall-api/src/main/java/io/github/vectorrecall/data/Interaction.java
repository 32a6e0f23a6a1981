package io.github.vectorrecall.data;

/**
 * One implicit-feedback event: a user interacted with an item at a time. Every interaction is a
 * positive, whatever rating may have come with it.
 *
 * @param userId the caller's user id
 * @param itemId the caller's item id
 * @param timestamp when it happened, in any unit that orders events (seconds or milliseconds)
 */
public record Interaction(long userId, long itemId, long timestamp) {}

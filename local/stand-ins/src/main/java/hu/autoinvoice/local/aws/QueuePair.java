package hu.autoinvoice.local.aws;

/** A queue and the dead-letter queue its redrive policy points at. */
public record QueuePair(String queueUrl, String queueArn, String dlqUrl, String dlqArn, int maxReceiveCount) {}

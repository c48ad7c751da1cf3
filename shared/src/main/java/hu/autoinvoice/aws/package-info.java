/**
 * The AWS side of every function: the SDK client factory ({@link hu.autoinvoice.aws.AwsClients}), the configuration
 * read from the Lambda environment ({@link hu.autoinvoice.aws.AppConfig}), and the one definition of the tables,
 * queues, key alias and secret ({@link hu.autoinvoice.aws.Tables}, {@link hu.autoinvoice.aws.ResourceNames}).
 * Nothing here knows whether it talks to AWS or to the local stand-ins: endpoints come from the SDK's own
 * {@code AWS_ENDPOINT_URL_<SERVICE>} settings.
 */
package hu.autoinvoice.aws;

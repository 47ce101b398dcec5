package io.mailfleet.mta.inject;

import java.util.Objects;

/**
 * One message received from SQS.
 *
 * @param messageId SQS's id of the message, for the log
 * @param receiptHandle what deletes it or changes its visibility (valid for this receive only)
 * @param body the message body: an injection request's JSON
 */
record SqsMessage(String messageId, String receiptHandle, String body) {

  SqsMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(receiptHandle, "receiptHandle");
    body = body == null ? "" : body;
  }
}

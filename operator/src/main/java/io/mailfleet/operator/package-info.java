/** The mailfleet operator: reconciles MailCluster, DeliveryTier and SendingIpPool resources. */
package io.mailfleet.operator;

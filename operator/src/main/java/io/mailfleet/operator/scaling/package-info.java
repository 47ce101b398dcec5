/**
 * Scaling of DeliveryTiers on their queues: reading every pod's queue, the pure policy that turns
 * those figures into a pod count, and the drain-and-transfer protocol that removes a pod without
 * stranding its mail.
 */
package io.mailfleet.operator.scaling;

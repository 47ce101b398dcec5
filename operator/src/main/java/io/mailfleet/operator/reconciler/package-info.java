/**
 * One thin JOSDK reconciler per kind: it resolves references, hands the model's desired objects to
 * dependent resources that apply them with server-side apply, and patches status on a fresh object
 * that holds only status.
 */
package io.mailfleet.operator.reconciler;

/** Invoice issuer: SQS batch to invoices, exactly once. */
package hu.autoinvoice.issuer;

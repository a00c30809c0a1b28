/** The activity log: appends an entry inside the transaction of the change it records, and answers queries. */
package dev.gatehouse.activity.control;

/**
 * The appliance's status as immutable records (and the build version), shared by the runtime that
 * produces them and the readers that publish them (control socket, MQTT). A leaf: it imports nothing
 * of the appliance, so status reporting depends on these records, never on the runtime.
 */
package io.securelink.appliance.report;

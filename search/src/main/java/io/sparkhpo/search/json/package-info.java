/** The JSON codec shared by the journal and the tables ({@link io.sparkhpo.search.json.Json}, on Jackson). */
package io.sparkhpo.search.json;

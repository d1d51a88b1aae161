/**
 * Lifecycle events per customer and name with the measures the facts compare (FINAL:
 * a redelivered event is one row). No input is interpolated: the measures are fixed.
 */
export function lifecycleTotalsSql(): string {
  return `SELECT customer_id, event, count() AS n,
      sum(amount_minor) AS amount_minor,
      sum(JSONExtractInt(properties, 'netMinor')) AS netMinor,
      sum(toInt64(round(JSONExtractFloat(properties, 'hours') * 100))) AS hoursHundredths,
      sum(JSONExtractInt(properties, 'score')) AS score,
      sum(JSONExtractInt(properties, 'points')) AS points
    FROM events FINAL
    WHERE type = 'lifecycle' AND customer_id != ''
    GROUP BY customer_id, event`;
}

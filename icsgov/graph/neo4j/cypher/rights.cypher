// Decision rights for exactly this decision type at any of these footprints, in force
// on $as_of (both ends inclusive; no valid_from / valid_to means open; $as_of null: any date).
// Parameters: $decision (id), $footprints (list of ids), $as_of (date or null).
// Example: :param decision => 'approve-capital-scheme'
//          :param footprints => ['glos', 'south-west', 'england']
//          :param as_of => date('2024-04-01')
MATCH (:IcsgovEntity {id: $decision})<-[:CONCERNS]-(r:DecisionRight)-[:APPLIES_IN]->(f:IcsgovEntity)
WHERE f.id IN $footprints
  AND ($as_of IS NULL
       OR ((r.valid_from IS NULL OR r.valid_from <= $as_of)
           AND (r.valid_to IS NULL OR r.valid_to >= $as_of)))
RETURN labels(r) AS labels, properties(r) AS props
ORDER BY r.id

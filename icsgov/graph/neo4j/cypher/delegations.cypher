// Delegations made to the actor ($up: towards its delegators) and/or by it ($down),
// in force on $as_of (both ends inclusive; $as_of null: any date). A delegation an
// actor makes to itself comes back once per direction asked for.
// Parameters: $actor (id), $up, $down (true/false), $as_of (date or null).
// Example: :param actor => 'glos-icb', :param up => true, :param down => false,
//          :param as_of => date('2024-04-01')
MATCH (:IcsgovEntity {id: $actor})<-[link:EMPOWERS|MADE_BY]-(d:Delegation)
WHERE ((type(link) = 'EMPOWERS' AND $up) OR (type(link) = 'MADE_BY' AND $down))
  AND ($as_of IS NULL
       OR ((d.valid_from IS NULL OR d.valid_from <= $as_of)
           AND (d.valid_to IS NULL OR d.valid_to >= $as_of)))
RETURN labels(d) AS labels, properties(d) AS props
ORDER BY d.id

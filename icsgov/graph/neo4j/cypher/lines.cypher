// Accountability lines from the actor ($up: to whom it answers) and/or to it ($down:
// who answers to it), in force on $as_of (both ends inclusive; $as_of null: any date).
// Parameters: $actor (id), $up, $down (true/false), $as_of (date or null).
// Example: :param actor => 'glos-icb', :param up => true, :param down => true,
//          :param as_of => date('2024-04-01')
MATCH (:IcsgovEntity {id: $actor})<-[link:BINDS|ACCOUNTABLE_TO]-(l:AccountabilityLine)
WHERE ((type(link) = 'BINDS' AND $up) OR (type(link) = 'ACCOUNTABLE_TO' AND $down))
  AND ($as_of IS NULL
       OR ((l.valid_from IS NULL OR l.valid_from <= $as_of)
           AND (l.valid_to IS NULL OR l.valid_to >= $as_of)))
RETURN labels(l) AS labels, properties(l) AS props
ORDER BY l.id

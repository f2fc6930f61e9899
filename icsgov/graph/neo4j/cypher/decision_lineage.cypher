// A decision type and its broader types, narrowest first
// (approve a capital scheme, capital, finance).
// Parameters: $decision (id). Example: :param decision => 'approve-capital-scheme'
MATCH path = (:IcsgovEntity {id: $decision})-[:KIND_OF*0..]->(d:IcsgovEntity)
RETURN labels(d) AS labels, properties(d) AS props, length(path) AS depth
ORDER BY depth

// A footprint and every footprint it is part of, most local first
// (neighbourhood, place, system, region, national).
// Parameters: $footprint (id). Example: :param footprint => 'glos'
MATCH path = (:IcsgovEntity {id: $footprint})-[:PART_OF*0..]->(f:IcsgovEntity)
RETURN labels(f) AS labels, properties(f) AS props, length(path) AS depth
ORDER BY depth

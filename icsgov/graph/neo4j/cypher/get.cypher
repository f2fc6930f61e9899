// One icsgov entity by its id, with its labels and every property.
// Parameters: $id (text). Example: :param id => 'glos-icb'
MATCH (n:IcsgovEntity {id: $id})
RETURN labels(n) AS labels, properties(n) AS props

// Every entity of one class, by id.
// {label} is the class (Organisation, Body, DecisionRight...): icsgov fills it in from
// its allow-list of labels; in Neo4j Browser, type the class name in its place.
MATCH (n:IcsgovEntity:{label})
RETURN labels(n) AS labels, properties(n) AS props
ORDER BY n.id

// joi: build schemas, validate, convert, error details, references and alternatives.
module.exports = function probe(Joi) {
  const schema = Joi.object({
    username: Joi.string().alphanum().min(3).max(30).required(),
    password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/),
    repeat: Joi.ref('password'),
    birth: Joi.number().integer().min(1900).max(2013),
    email: Joi.string().email({ minDomainSegments: 2, tlds: false }),
    when: Joi.date().iso(),
    tags: Joi.array().items(Joi.string().lowercase()).unique().default([]),
    kind: Joi.alternatives().try(Joi.number(), Joi.string().valid('a', 'b')),
  }).with('username', 'birth').xor('password', 'email')
  const good = schema.validate({ username: 'abc', birth: '1994', email: 'a@b.co', when: '2024-02-28T10:00:00Z', tags: ['X', 'Y'] })
  const bad = schema.validate({ username: 'a!', password: 'x', repeat: 'y', email: 'q@w.er', kind: true }, { abortEarly: false })
  let thrown
  try { Joi.assert(5, Joi.string()) } catch (e) { thrown = [e.name, e.message, e.isJoi] }
  return {
    version: Joi.version,
    goodValue: { ...good.value, when: good.value.when.toISOString() },
    goodError: good.error === undefined,
    badDetails: bad.error.details.map((d) => [d.message, d.path, d.type]),
    badMessage: bad.error.message,
    thrown,
    describe: Joi.string().min(2).describe(),
    attempt: Joi.attempt(' 42 ', Joi.number()),
    isSchema: Joi.isSchema(schema),
  }
}

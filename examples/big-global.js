// Sets a large global: an assignment to an undeclared name, as old scripts do.
bigTable = []
for (let i = 0; i < 20000; i++) bigTable.push({ i, label: 'row ' + i })
exports.rows = bigTable.length

// Package ctldr007constarg (CONTROL): `defer func() { record(limit, id) }()`
// where limit is the package constant (nothing shadows it) and id a parameter
// never assigned: `defer record(limit, id)` is the same, and the Safe fix must
// be applied.
package ctldr007constarg

const limit = 10

var recorded [][2]int

func record(l, id int) { recorded = append(recorded, [2]int{l, id}) }

// Run records the limit and id when it returns.
func Run(id int) int {
	defer func() { record(limit, id) }()
	return id * 2
}

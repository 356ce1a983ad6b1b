// Package c1dr007capturedlocal: inside a func literal, `limit` is the
// enclosing function's local (captured by reference), not the package
// constant `limit`. `defer func() { record(limit) }()` reads it at the exit;
// `defer record(limit)` would read it at the defer.
package c1dr007capturedlocal

const limit = 10

var recorded []int

func record(v int) { recorded = append(recorded, v) }

// Run records the limit in force when the inner step returns: the step
// raises the captured local after deferring the record.
func Run(start int) {
	limit := start
	step := func() {
		defer func() { record(limit) }()
		limit += 5
	}
	step()
}

// Const records the package constant.
func Const() { record(limit) }

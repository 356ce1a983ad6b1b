// Package guard: helpers whose deferred calls matter. Flush's straight-line
// body cannot panic, but its deferred call can. Parse, Quiet and Run look as
// if they recover every panic, but Parse's recover is not called directly by
// the deferred function (it returns nil and the panic goes on), Quiet defers
// recover itself (which stops nothing either), and Run's recover cannot stop
// runtime.Goexit.
package guard

// Flush writes buf[0] back, in a deferred call: it panics on an empty buf.
func Flush(buf []int) int {
	defer func() { buf[0] = 0 }()
	return len(buf)
}

func swallow() {
	_ = recover() // not called directly by a deferred function: returns nil
}

// Parse returns 100 / len(s); it means to swallow the division panic.
func Parse(s string) int {
	defer func() { swallow() }()
	return 100 / len(s)
}

// Quiet returns 100 / len(s); `defer recover()` stops no panic.
func Quiet(s string) int {
	defer recover()
	return 100 / len(s)
}

// Run calls f and reports whether it returned without panicking.
func Run(f func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f()
	return true
}

// Package c7dr007callerframe: logit reports its caller with runtime.Caller(1),
// as log.Lshortfile does. Called from the closure of `defer func() { logit()
// }()` the caller is that closure (Work.func1, on the defer's line); called
// directly by `defer logit()` it would be Work itself.
package c7dr007callerframe

import "runtime"

var caller string

func logit() {
	pc, _, _, ok := runtime.Caller(1)
	if !ok {
		caller = "?"
		return
	}
	caller = runtime.FuncForPC(pc).Name()
}

// Work does some work and logs on the way out.
func Work(n int) int {
	defer func() { logit() }()
	return n + 1
}

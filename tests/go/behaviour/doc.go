// Package behaviour is the Go-side trust harness of go-defer-rewriter.
//
// It holds realistic lock-protected methods written the ordinary way, with
// `mu.Lock(); defer mu.Unlock()`, whose return expressions read shared state.
// The tests race writers against readers under `go test -race` and check the
// values they see. scripts/go-behaviour.sh runs them on this package as written,
// then on copies rewritten by the tool (Safe fixes only, then with
// --unsafe-fixes): a rewrite that releases a lock before a return expression is
// evaluated, drops an unlock on some exit, or changes a result's type shows up
// here as a data race, a wrong value, a deadlock or a compile error.
//
// Nothing in this package may be changed to make a rewrite pass.
package behaviour

// Package src: Reader embeds Source (a defined type whose underlying type is
// the interface channelSource) at depth 1 and Mid at depth 1, whose embedded
// Deep has a Get at depth 2. `r.Get()` is the interface's Get, at depth 1: a
// nil Source panics. Read as a channel type (its name starts with "chan"),
// channelSource has no methods, and Deep.Get (which cannot panic) would be
// the one called.
package src

type channelSource interface{ Get() int }

// Source gives values.
type Source channelSource

// Deep gives 1.
type Deep struct{}

// Get returns 1.
func (Deep) Get() int { return 1 }

// Mid embeds Deep.
type Mid struct{ Deep }

// Reader reads from its Source.
type Reader struct {
	Source
	Mid
}

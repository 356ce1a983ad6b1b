// Package events reports what a queue does. Its exported variables are set at
// their declaration to values whose use cannot panic, and this package never
// assigns them again; but any importer may.
package events

// OnDrop is called for each batch of dropped items; by default it does nothing.
var OnDrop = func(n int) {}

// Drop reports n dropped items.
func Drop(n int) { OnDrop(n) }

// Names maps codes to names.
var Names = map[int]string{}

// Name records the name of a code: a write to a nil map panics.
func Name(code int, name string) { Names[code] = name }

// Sink receives counts.
type Sink interface{ Add(n int) }

type nop struct{}

func (nop) Add(int) {}

// Counts is the sink of Count; by default a sink that does nothing.
var Counts Sink = nop{}

// Count adds n to the sink.
func Count(n int) { Counts.Add(n) }

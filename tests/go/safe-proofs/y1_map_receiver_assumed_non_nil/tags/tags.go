// Package tags: Set is a map type, and Add writes to its value receiver. The
// body has no other way to panic, but a nil Set is a nil map: the write
// panics. Only a pointer receiver is checked by its callers; a map receiver
// is not a pointer, and nothing checks that it is not nil.
package tags

// Set is a set of tags.
type Set map[string]bool

// Add adds k to s.
func (s Set) Add(k string) { s[k] = true }

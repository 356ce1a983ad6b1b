// Package reg: Lookup returns nil for an unknown name, and Config.Limits is
// nil unless set. Entry.Size and Limits.Max have pointer receivers and read a
// field: their bodies have no other way to panic, but on a nil receiver the
// field read panics.
package reg

// Entry is a registered thing.
type Entry struct{ size int }

// Size returns the entry's size.
func (e *Entry) Size() int { return e.size }

var entries = map[string]*Entry{"a": {size: 1}}

// Lookup returns the entry named name, or nil.
func Lookup(name string) *Entry { return entries[name] }

// Limits bounds things.
type Limits struct{ max int }

// Max returns the maximum.
func (l *Limits) Max() int { return l.max }

// Config holds optional limits.
type Config struct {
	Name   string
	Limits *Limits
}

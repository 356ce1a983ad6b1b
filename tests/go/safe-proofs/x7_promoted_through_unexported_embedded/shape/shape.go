// Package shape: Outer embeds the unexported type inner, whose exported method
// Area panics; it also embeds Mid, which embeds Deep, whose Area cannot panic.
// Outer.Area is inner.Area (depth 1), not Deep.Area (depth 2); an importer
// cannot name inner, but its exported methods are promoted all the same.
package shape

type inner struct{ w, h int }

// Area divides by h: it panics on a zero h.
func (i inner) Area() int { return i.w * 100 / i.h }

// Deep has an Area that cannot panic.
type Deep struct{}

// Area returns 0.
func (Deep) Area() int { return 0 }

// Mid embeds Deep.
type Mid struct{ Deep }

// Outer embeds inner and Mid.
type Outer struct {
	inner
	Mid
}

// New returns an Outer of width w and height h.
func New(w, h int) Outer { return Outer{inner: inner{w, h}} }

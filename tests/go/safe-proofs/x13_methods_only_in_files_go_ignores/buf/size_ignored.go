//go:build ignore

package buf

// Size would be Outer's own method, but this file is never built.
func (o Outer) Size() int { return o.N }

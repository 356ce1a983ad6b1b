package buf

import "C"

// Size is Outer's own method only when cgo is enabled.
func (o Outer) Size() int { return o.N }

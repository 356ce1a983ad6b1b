// Package sum: Div has no body here; `//go:linkname` binds it to the
// unexported impl.div of another package, which panics on a zero divisor.
package sum

import (
	_ "unsafe" // for go:linkname

	_ "safeproofs/x16_helper_linkname_body/impl" // links impl.div in
)

// Div is impl.div.
//
//go:linkname Div safeproofs/x16_helper_linkname_body/impl.div
func Div(a, b int) int

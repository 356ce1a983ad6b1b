// Package geometry (directory geom): Point.Len has a value receiver and calls
// num.Sum of another package of the module; neither body can panic.
package geometry

import "safeproofs/ctl_x_value_method_chain/num"

// Point is a point.
type Point struct{ X, Y int }

// Len returns the Manhattan length of p (for non-negative coordinates).
func (p Point) Len() int { return num.Sum(p.X, p.Y) }

// Package use calls Outer's Size: the promoted Inner.Size in a build of the
// program, Outer's own in the test of its package.
package use

import shape "safeproofs/y5_external_test_sees_internal_test_method"

// Size returns o's size.
func Size(o shape.Outer) int { return o.Size() }

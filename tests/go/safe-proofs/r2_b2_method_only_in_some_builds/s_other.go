//go:build !linux

package r2b2methodonlyinsomebuilds

// M on non-linux platforms shadows the promoted E.M.
func (s *S) M() int { return 1 }

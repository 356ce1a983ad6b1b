package r2b2methodincgofile

import "C"

// With cgo, S has its own M; without cgo (CGO_ENABLED=0) M is E's, promoted.
func (s *S) M() int { return 1 }

//go:build ignore

package r2b2methodinignoredfile

func (s *S) M() int { return 1 }

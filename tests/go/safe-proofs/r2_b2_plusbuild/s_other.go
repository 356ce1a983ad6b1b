// +build !linux

package r2b2plusbuild

func (s *S) M() int { return 1 }

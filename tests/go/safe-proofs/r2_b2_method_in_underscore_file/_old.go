package r2b2methodinunderscorefile

func (s *S) M() int { return 1 }

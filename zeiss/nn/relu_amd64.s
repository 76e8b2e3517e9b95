//go:build amd64

#include "textflag.h"

// func reluMaskAVX2(n int, y, src, dst *float64)
// dst = src where y > 0, else 0, for n (a multiple of 4) values.
TEXT ·reluMaskAVX2(SB), NOSPLIT, $0-32
	MOVQ   n+0(FP), CX
	MOVQ   y+8(FP), SI
	MOVQ   src+16(FP), DI
	MOVQ   dst+24(FP), DX
	VXORPD Y14, Y14, Y14
	XORQ   BX, BX
	SHRQ   $2, CX
	JZ     avx2done

avx2loop:
	VMOVUPD (SI)(BX*1), Y0
	VCMPPD  $14, Y14, Y0, Y1 // y > 0 (ordered)
	VANDPD  (DI)(BX*1), Y1, Y1
	VMOVUPD Y1, (DX)(BX*1)
	ADDQ    $32, BX
	DECQ    CX
	JNZ     avx2loop

avx2done:
	VZEROUPPER
	RET

// func reluMaskAVX512(n int, y, src, dst *float64)
// As reluMaskAVX2 for n a multiple of 8.
TEXT ·reluMaskAVX512(SB), NOSPLIT, $0-32
	MOVQ   n+0(FP), CX
	MOVQ   y+8(FP), SI
	MOVQ   src+16(FP), DI
	MOVQ   dst+24(FP), DX
	VPXORQ Z14, Z14, Z14
	XORQ   BX, BX
	SHRQ   $3, CX
	JZ     zdone

zloop:
	VMOVUPD   (SI)(BX*1), Z0
	VCMPPD    $14, Z14, Z0, K2
	VMOVUPD.Z (DI)(BX*1), K2, Z1
	VMOVUPD   Z1, (DX)(BX*1)
	ADDQ      $64, BX
	DECQ      CX
	JNZ       zloop

zdone:
	VZEROUPPER
	RET

#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# mutate.pl FILE OUTDIR: write every mutant of the C file FILE as
# OUTDIR/N.c (N from 1), and OUTDIR/list, one line a mutant:
# "N<TAB>LINE<TAB>MUTATION". A mutant changes one thing:
#
#   - a comparison (< <= > >= == !=) to its boundary or its negation,
#     && to || and back;
#   - a binary arithmetic or bitwise operator (+ - * / % & | ^ << >>),
#     a compound assignment (+= -= *= /= |= &= ^=), ++ and --;
#   - an integer constant, plus or minus 1;
#   - the condition of an if, while or for, negated, and a '!' removed;
#   - a statement (an expression, return, break, continue or goto)
#     deleted: replaced with an empty block, its newlines kept.
#
# Comments, strings, character constants and preprocessor lines are left
# alone, as are the sizes in array declarations and the operators of
# declarators ('char *p'). Line numbers are kept, so a mutant's line is
# the line of the original file. A binary operator is told from a unary
# one by the kernel's style: blanks on both sides.
use strict;
use warnings;
no warnings 'portable';

my ($file, $out) = @ARGV;
die "usage: mutate.pl FILE OUTDIR\n" unless defined $out;
open(my $fh, '<', $file) or die "$file: $!\n";
my $src = do { local $/; <$fh> };
close($fh);

# Tokens: [type, text, offset]; type is id, num, str, punct.
my @tok;
my @puncts = qw(<<= >>= ... -> ++ -- << >> <= >= == != && || += -= *= /= %= &= |= ^=);
my $len = length($src);
my $i = 0;
my $bol = 1;
while ($i < $len) {
	my $c = substr($src, $i, 1);
	if ($c eq "\n") { $bol = 1; $i++; next; }
	if ($c =~ /\s/) { $i++; next; }
	if ($bol && $c eq '#') {
		# A preprocessor line, with its continuations.
		while ($i < $len) {
			my $e = index($src, "\n", $i);
			$e = $len if $e < 0;
			my $l = substr($src, $i, $e - $i);
			$i = $e + 1;
			last unless $l =~ /\\$/;
		}
		next;
	}
	$bol = 0;
	if (substr($src, $i, 2) eq '/*') {
		my $e = index($src, '*/', $i + 2);
		die "$file: unterminated comment\n" if $e < 0;
		$i = $e + 2;
		next;
	}
	if (substr($src, $i, 2) eq '//') {
		my $e = index($src, "\n", $i);
		$i = $e < 0 ? $len : $e;
		next;
	}
	if ($c eq '"' || $c eq "'") {
		my $j = $i + 1;
		while ($j < $len && substr($src, $j, 1) ne $c) {
			$j++ if substr($src, $j, 1) eq '\\';
			$j++;
		}
		push @tok, ['str', substr($src, $i, $j + 1 - $i), $i];
		$i = $j + 1;
		next;
	}
	if (substr($src, $i) =~ /^([A-Za-z_]\w*)/) {
		push @tok, ['id', $1, $i];
		$i += length($1);
		next;
	}
	if (substr($src, $i) =~ /^(\.?\d(?:[eEpP][-+]|[\w.])*)/) {
		push @tok, ['num', $1, $i];
		$i += length($1);
		next;
	}
	my $p = $c;
	for my $q (@puncts) {
		if (substr($src, $i, length($q)) eq $q) {
			$p = $q;
			last;
		}
	}
	push @tok, ['punct', $p, $i];
	$i += length($p);
}

my %keyword = map { $_ => 1 } qw(return if else for while do switch case
	default break continue goto sizeof);
my %type = map { $_ => 1 } qw(int long short char double float unsigned
	signed bool void const static struct enum union volatile size_t
	ssize_t int64_t uint64_t int32_t uint32_t uint8_t uint16_t);

sub line_of {
	my ($off) = @_;
	return 1 + (substr($src, 0, $off) =~ tr/\n//);
}

sub col_of {
	my ($off) = @_;
	my $b = rindex($src, "\n", $off - 1);
	return $off - $b;
}

my @mut;	# [offset, length, replacement, description]

sub add {
	my ($off, $l, $rep, $desc) = @_;
	push @mut, [$off, $l, $rep, $desc];
}

sub blank_at {
	my ($off) = @_;
	return $off >= 0 && $off < $len && substr($src, $off, 1) =~ /\s/;
}

# Matching close of the open token at index k: its index.
sub match {
	my ($k) = @_;
	my ($o, $c) = ($tok[$k][1], $tok[$k][1] eq '(' ? ')' :
		       $tok[$k][1] eq '[' ? ']' : '}');
	my $d = 0;
	for (my $j = $k; $j < @tok; $j++) {
		next unless $tok[$j][0] eq 'punct';
		$d++ if $tok[$j][1] eq $o;
		$d-- if $tok[$j][1] eq $c;
		return $j if $d == 0;
	}
	return -1;
}

# For each token: whether it lies in a function body (in_fn), and then
# whether at a statement's level (not in parentheses: stmt); where its
# statement starts (stmt_start, a token index).
my (@stmt_start, @in_fn, @stmt);
{
	my @braces;	# 1: a block, 0: an initializer or a type
	my $start = 0;
	my $paren = 0;
	for (my $k = 0; $k < @tok; $k++) {
		my ($t, $x) = @{$tok[$k]};
		$stmt_start[$k] = $start;
		$in_fn[$k] = @braces && $braces[-1];
		$stmt[$k] = $in_fn[$k] && $paren == 0;
		next unless $t eq 'punct';
		if ($x eq '(') { $paren++; next; }
		if ($x eq ')') { $paren--; next; }
		next if $paren;
		if ($x eq '{') {
			my $prev = $k ? $tok[$k - 1][1] : ';';
			my $block = $prev eq ')' || $prev eq 'else' ||
				    $prev eq 'do' || $prev eq ';' || $prev eq '{' ||
				    $prev eq '}' || $prev eq ':';
			$block = 0 if @braces && !$braces[-1];
			push @braces, $block ? 1 : 0;
			$start = $k + 1;
		} elsif ($x eq '}') {
			pop @braces;
			$start = $k + 1;
		} elsif ($x eq ';' || ($x eq ':' && $k >= 1 &&
			 ($tok[$k - 1][0] eq 'id' && $k >= 2 &&
			  ($tok[$k - 2][1] eq ';' || $tok[$k - 2][1] eq '{' ||
			   $tok[$k - 2][1] eq '}')) ||
			 ($k >= 2 && $tok[$k - 2][1] eq 'case') ||
			 $tok[$k - 1][1] eq 'default')) {
			# ';', a label, case X: or default:
			$start = $k + 1;
		} elsif ($x eq ')' || $x eq 'else') {
			$start = $k + 1;
		}
	}
	# The statement after if (...), for (...), while (...) and else.
	for (my $k = 0; $k < @tok; $k++) {
		my $x = $tok[$k][1];
		next unless $tok[$k][0] eq 'id';
		if ($x eq 'else' || $x eq 'do') {
			$stmt_start[$k + 1] = $k + 1 if $k + 1 < @tok;
			next;
		}
		next unless ($x eq 'if' || $x eq 'for' || $x eq 'while' ||
			     $x eq 'switch') && $k + 1 < @tok &&
			    $tok[$k + 1][1] eq '(';
		my $c = match($k + 1);
		$stmt_start[$c + 1] = $c + 1 if $c >= 0 && $c + 1 < @tok;
	}
}

# Whether the statement at token s is a declaration.
sub is_decl {
	my ($s) = @_;
	my $j = $s;
	return 0 unless $j < @tok && $tok[$j][0] eq 'id';
	return 1 if $type{$tok[$j][1]};
	return 0 if $keyword{$tok[$j][1]};
	# "name *x" or "name x": a type name, then a declarator.
	my $n = $j + 1;
	$n++ while $n < @tok && $tok[$n][1] eq '*';
	return $n < @tok && $tok[$n][0] eq 'id';
}

my %cmp = ('<' => '<=', '<=' => '<', '>' => '>=', '>=' => '>',
	   '==' => '!=', '!=' => '==', '&&' => '||', '||' => '&&');
my %arith = ('+' => '-', '-' => '+', '*' => '/', '/' => '*', '%' => '*',
	     '&' => '|', '|' => '&', '^' => '|', '<<' => '>>', '>>' => '<<');
my %assign = ('+=' => '-=', '-=' => '+=', '*=' => '/=', '/=' => '*=',
	      '|=' => '&=', '&=' => '|=', '^=' => '|=', '++' => '--',
	      '--' => '++');

# Whether the '[' at index k opens an array declarator's size.
sub decl_size {
	my ($k) = @_;
	return $k >= 1 && ($tok[$k - 1][0] eq 'id' || $tok[$k - 1][1] eq ']') &&
	       (!$in_fn[$k] || is_decl($stmt_start[$k]));
}

my @open_sq;
for (my $k = 0; $k < @tok; $k++) {
	my ($t, $x, $off) = @{$tok[$k]};
	my $l = length($x);
	my $col = col_of($off);
	if ($t eq 'punct' && $x eq '[') {
		push @open_sq, decl_size($k);
	} elsif ($t eq 'punct' && $x eq ']') {
		pop @open_sq;
	}
	next unless $in_fn[$k];
	if ($t eq 'punct' && exists $cmp{$x}) {
		# '<' and '>' as binary operators only (blanks around).
		next if ($x eq '<' || $x eq '>') &&
			!(blank_at($off - 1) && blank_at($off + 1));
		add($off, $l, $cmp{$x}, "'$x' -> '$cmp{$x}' (col $col)");
		if ($x eq '<' || $x eq '>') {
			my $o = $x eq '<' ? '>' : '<';
			add($off, $l, $o, "'$x' -> '$o' (col $col)");
		}
	} elsif ($t eq 'punct' && exists $arith{$x}) {
		next unless blank_at($off - 1) && blank_at($off + $l);
		my $p = $k ? $tok[$k - 1] : ['punct', ';'];
		next unless $p->[0] eq 'num' || $p->[1] eq ')' ||
			    $p->[1] eq ']' ||
			    ($p->[0] eq 'id' && !$keyword{$p->[1]} &&
			     !$type{$p->[1]});
		add($off, $l, $arith{$x}, "'$x' -> '$arith{$x}' (col $col)");
	} elsif ($t eq 'punct' && exists $assign{$x}) {
		add($off, $l, $assign{$x}, "'$x' -> '$assign{$x}' (col $col)");
	} elsif ($t eq 'punct' && $x eq '!') {
		add($off, $l, '', "'!' removed (col $col)");
	} elsif ($t eq 'num' && $x =~ /^(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)$/) {
		next if @open_sq && $open_sq[-1];
		my ($v, $suf) = ($1, $2);
		my $n = $v =~ /^0[xX]/ ? hex($v) : $v =~ /^0\d/ ? oct($v) : $v;
		# Past 2^53 the arithmetic is not exact: change the last digit.
		my $big = $v =~ /^0[xX]/ && length($v) > 15;
		for my $d (1, -1) {
			next if $n == 0 && $d < 0;
			my $r;
			if ($big) {
				my $last = hex(substr($v, -1)) + $d;
				next if $last < 0 || $last > 15;
				$r = substr($v, 0, -1) . sprintf('%x', $last);
			} else {
				$r = $n + $d;
			}
			add($off, $l, "$r$suf", "$x -> $r$suf (col $col)");
		}
	} elsif ($t eq 'id' && ($x eq 'if' || $x eq 'while') &&
		 $k + 1 < @tok && $tok[$k + 1][1] eq '(') {
		my $c = match($k + 1);
		next if $c < 0;
		my $a = $tok[$k + 1][2] + 1;
		my $b = $tok[$c][2];
		add($a, $b - $a, '!(' . substr($src, $a, $b - $a) . ')',
		    "$x condition negated (col $col)");
	} elsif ($t eq 'id' && $x eq 'for' && $k + 1 < @tok &&
		 $tok[$k + 1][1] eq '(') {
		my $c = match($k + 1);
		my @semi;
		for (my $j = $k + 2; $j < $c; $j++) {
			push @semi, $j if $tok[$j][1] eq ';';
		}
		next unless @semi == 2 && $semi[1] > $semi[0] + 1;
		my $a = $tok[$semi[0]][2] + 1;
		my $b = $tok[$semi[1]][2];
		add($a, $b - $a, ' !(' . substr($src, $a, $b - $a) . ')',
		    "for condition negated (col $col)");
	}
}

# Statements deleted: one that starts at token k, at a statement's level
# in a function, not a declaration nor a compound statement, up to its ';'.
for (my $k = 0; $k < @tok; $k++) {
	next unless $stmt[$k] && $stmt_start[$k] == $k;
	my ($t, $x, $off) = @{$tok[$k]};
	next unless $t eq 'id' || $x eq '*' || $x eq '(' || $x eq '++' ||
		    $x eq '--';
	next if $t eq 'id' && $keyword{$x} && $x ne 'return' &&
		$x ne 'break' && $x ne 'continue' && $x ne 'goto';
	next if $t eq 'id' && is_decl($k);
	# "(void)x;": nothing to delete.
	next if $x eq '(' && $k + 2 < @tok && $tok[$k + 1][1] eq 'void';
	# A label.
	next if $t eq 'id' && $k + 1 < @tok && $tok[$k + 1][1] eq ':';
	my $d = 0;
	my $j;
	for ($j = $k; $j < @tok; $j++) {
		my $y = $tok[$j][1];
		$d++ if $y eq '(' || $y eq '[' || $y eq '{';
		$d-- if $y eq ')' || $y eq ']' || $y eq '}';
		last if $d < 0 || ($d == 0 && $y eq ';');
	}
	next unless $j < @tok && $tok[$j][1] eq ';';
	my $e = $tok[$j][2] + 1;
	my $nl = substr($src, $off, $e - $off) =~ tr/\n//;
	add($off, $e - $off, '{}' . ("\n" x $nl),
	    "statement deleted (col " . col_of($off) . ")");
}

@mut = sort { $a->[0] <=> $b->[0] || $a->[3] cmp $b->[3] } @mut;
mkdir($out);
open(my $lf, '>', "$out/list") or die "$out/list: $!\n";
my $n = 0;
for my $m (@mut) {
	my ($off, $l, $rep, $desc) = @$m;
	$n++;
	my $text = substr($src, 0, $off) . $rep . substr($src, $off + $l);
	open(my $o, '>', "$out/$n.c") or die "$out/$n.c: $!\n";
	print $o $text;
	close($o);
	print $lf "$n\t" . line_of($off) . "\t$desc\n";
}
close($lf);

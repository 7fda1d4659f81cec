namespace Respite.Pharmacokinetics.Numerics;

/// <summary>
/// The exponential of a small dense real matrix, by scaling and squaring with a diagonal Padé approximant.
/// </summary>
/// <remarks>
/// The method is Moler and Van Loan's "method 3" (SIAM Review 2003;45:3–49): scale the matrix by 2<sup>−s</sup> until
/// its ∞-norm is at most ½, evaluate the (6, 6) Padé approximant, then square <c>s</c> times. With q = 6 and a norm of
/// at most ½ the approximant's relative backward error is below 3.4 × 10<sup>−16</sup>, i.e. at the precision of a
/// double. Matrices are square, row-major and a few dozen rows at most; the cost is O(n³ log‖A‖).
/// </remarks>
public static class MatrixExponential
{
    private const int PadeOrder = 6;

    /// <summary>Computes e<sup>A</sup> for the row-major <paramref name="n"/> × <paramref name="n"/> matrix A.</summary>
    /// <exception cref="ArgumentException">The array does not hold n × n finite values.</exception>
    public static double[] Compute(ReadOnlySpan<double> a, int n)
    {
        if (n < 1 || a.Length != n * n)
        {
            throw new ArgumentException($"Expected {n} × {n} values.", nameof(a));
        }

        var norm = 0d;
        for (var row = 0; row < n; row++)
        {
            var sum = 0d;
            for (var column = 0; column < n; column++)
            {
                var value = a[(row * n) + column];
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException("The matrix holds a value that is not finite.", nameof(a));
                }

                sum += Math.Abs(value);
            }

            norm = Math.Max(norm, sum);
        }

        var squarings = norm <= 0.5 ? 0 : Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / 0.5)));
        var scale = Math.ScaleB(1d, -squarings);
        var x = new double[n * n];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = a[i] * scale;
        }

        // N = Σ c_k X^k, D = Σ (−1)^k c_k X^k, with c_0 = 1, c_k = c_{k−1} (q − k + 1) / (k (2q − k + 1)).
        var numerator = Identity(n);
        var denominator = Identity(n);
        var power = Identity(n);
        var scratch = new double[n * n];
        var c = 1d;
        for (var k = 1; k <= PadeOrder; k++)
        {
            c = c * (PadeOrder - k + 1) / (k * ((2 * PadeOrder) - k + 1));
            Multiply(power, x, scratch, n);
            (power, scratch) = (scratch, power);
            var sign = k % 2 == 0 ? 1d : -1d;
            for (var i = 0; i < power.Length; i++)
            {
                numerator[i] += c * power[i];
                denominator[i] += sign * c * power[i];
            }
        }

        var result = Solve(denominator, numerator, n);
        for (var s = 0; s < squarings; s++)
        {
            Multiply(result, result, scratch, n);
            (result, scratch) = (scratch, result);
        }

        return result;
    }

    /// <summary>The n × n identity matrix, row-major.</summary>
    public static double[] Identity(int n)
    {
        var identity = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1d;
        }

        return identity;
    }

    /// <summary>Writes the product <paramref name="left"/> × <paramref name="right"/> into <paramref name="product"/>.</summary>
    public static void Multiply(ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> product, int n)
    {
        for (var row = 0; row < n; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var sum = 0d;
                for (var k = 0; k < n; k++)
                {
                    sum += left[(row * n) + k] * right[(k * n) + column];
                }

                product[(row * n) + column] = sum;
            }
        }
    }

    // Solves D X = N for X by Gaussian elimination with partial pivoting (D is well conditioned for ‖A‖ ≤ ½).
    private static double[] Solve(double[] d, double[] rhs, int n)
    {
        var m = (double[])d.Clone();
        var x = (double[])rhs.Clone();
        for (var pivotColumn = 0; pivotColumn < n; pivotColumn++)
        {
            var pivotRow = pivotColumn;
            for (var row = pivotColumn + 1; row < n; row++)
            {
                if (Math.Abs(m[(row * n) + pivotColumn]) > Math.Abs(m[(pivotRow * n) + pivotColumn]))
                {
                    pivotRow = row;
                }
            }

            if (pivotRow != pivotColumn)
            {
                for (var column = 0; column < n; column++)
                {
                    (m[(pivotRow * n) + column], m[(pivotColumn * n) + column]) = (m[(pivotColumn * n) + column], m[(pivotRow * n) + column]);
                    (x[(pivotRow * n) + column], x[(pivotColumn * n) + column]) = (x[(pivotColumn * n) + column], x[(pivotRow * n) + column]);
                }
            }

            var pivot = m[(pivotColumn * n) + pivotColumn];
            for (var row = 0; row < n; row++)
            {
                if (row == pivotColumn)
                {
                    continue;
                }

                var factor = m[(row * n) + pivotColumn] / pivot;
                if (factor == 0d)
                {
                    continue;
                }

                for (var column = 0; column < n; column++)
                {
                    m[(row * n) + column] -= factor * m[(pivotColumn * n) + column];
                    x[(row * n) + column] -= factor * x[(pivotColumn * n) + column];
                }
            }
        }

        for (var row = 0; row < n; row++)
        {
            var pivot = m[(row * n) + row];
            for (var column = 0; column < n; column++)
            {
                x[(row * n) + column] /= pivot;
            }
        }

        return x;
    }
}

using System.Runtime.CompilerServices;

namespace MlWorkflow.Engine.Profiling.Sketches;

/// <summary>
/// Sorts finite doubles in place: quicksort (median of three) with insertion sort for short runs, handing a
/// run that recurses too deep to <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. Ours so that the sketch's
/// hottest loop is compiled fully optimized from its first call (the framework's sort for doubles starts in
/// the JIT's slow first tier in a fresh process).
/// </summary>
internal static class DoubleSort
{
    private const int InsertionLimit = 24;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<double> items) => Sort(items, 2 * (32 - int.LeadingZeroCount(items.Length)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sort(Span<double> items, int depth)
    {
        while (items.Length > InsertionLimit)
        {
            if (depth-- == 0)
            {
                items.Sort();
                return;
            }
            var split = Partition(items);
            // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
            if (split < items.Length - split)
            {
                Sort(items[..split], depth);
                items = items[split..];
            }
            else
            {
                Sort(items[split..], depth);
                items = items[..split];
            }
        }
        InsertionSort(items);
    }

    /// <summary>Hoare partition around the median of the first, middle and last items; returns the start of the right part (0 &lt; result &lt; length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Partition(Span<double> items)
    {
        var last = items.Length - 1;
        var middle = last / 2;
        if (items[middle] < items[0])
        {
            (items[middle], items[0]) = (items[0], items[middle]);
        }
        if (items[last] < items[middle])
        {
            (items[last], items[middle]) = (items[middle], items[last]);
            if (items[middle] < items[0])
            {
                (items[middle], items[0]) = (items[0], items[middle]);
            }
        }
        var pivot = items[middle];
        var i = -1;
        var j = items.Length;
        while (true)
        {
            do
            {
                i++;
            }
            while (items[i] < pivot);
            do
            {
                j--;
            }
            while (items[j] > pivot);
            if (i >= j)
            {
                return j + 1;
            }
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InsertionSort(Span<double> items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && items[j] > item)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }
}

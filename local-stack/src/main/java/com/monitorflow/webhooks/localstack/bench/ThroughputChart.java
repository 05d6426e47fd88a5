package com.monitorflow.webhooks.localstack.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** The results chart: signed deliveries/s per fan-out beside the HTTP ceiling, with the target marked. */
final class ThroughputChart {

    static final double TARGET = 5_000;

    private ThroughputChart() {
    }

    static void write(BenchmarkResult result, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var dataset = new DefaultCategoryDataset();
        for (BenchmarkResult.Throughput phase : result.throughput()) {
            dataset.addValue(phase.rate(), "per second", "fan-out " + phase.fanOut() + ": signed deliveries/s");
        }
        dataset.addValue(result.http().rate(), "per second", "HTTP ceiling: requests/s");

        JFreeChart chart = ChartFactory.createBarChart(
                "MonitorFlow Webhooks: throughput on " + result.machine().cores() + " cores (1 KB payloads)",
                null, "per second", dataset, PlotOrientation.VERTICAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));

        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        int ceilingColumn = dataset.getColumnCount() - 1;
        var renderer = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return column == ceilingColumn ? new Color(0x9AA5B1) : new Color(0x2F6DB5);
            }
        };
        plot.setRenderer(renderer);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);

        plot.addRangeMarker(marker(TARGET, "target 5,000/s", new Color(0xC0392B), true));
        plot.addRangeMarker(marker(result.http().rate() / 2, "half the HTTP ceiling", new Color(0xE67E22), false));
        double highest = result.throughput().stream().mapToDouble(BenchmarkResult.Throughput::rate).max().orElse(0);
        double top = Math.max(Math.max(result.http().rate(), highest), TARGET) * 1.15;
        plot.getRangeAxis().setUpperBound(top);

        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 520);
    }

    private static ValueMarker marker(double value, String label, Color color, boolean left) {
        var marker = new ValueMarker(value, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(left ? TextAnchor.BOTTOM_LEFT : TextAnchor.BOTTOM_RIGHT);
        return marker;
    }
}

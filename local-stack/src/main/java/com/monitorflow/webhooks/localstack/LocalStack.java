package com.monitorflow.webhooks.localstack;

public final class LocalStack {

    public static void main(String[] args) {
        System.out.println("MonitorFlow local stack");
    }
}

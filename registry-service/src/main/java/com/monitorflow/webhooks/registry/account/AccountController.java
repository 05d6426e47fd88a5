package com.monitorflow.webhooks.registry.account;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The admin endpoints: accounts and their plans. They take the admin key. */
@RestController
@RequestMapping("/v1/accounts")
@Tag(name = "Accounts (admin)")
class AccountController {

    private final AccountService service;

    AccountController(AccountService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account; the answer carries its API key, shown only this once")
    ResponseEntity<AccountResponse> create(@RequestBody AccountRequests.Create request) {
        AccountResponse created = service.create(request);
        return ResponseEntity.created(URI.create("/v1/accounts/" + created.id())).body(created);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an account")
    AccountResponse get(@PathVariable String id) {
        return service.get(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Rename an account or change its plan")
    AccountResponse update(@PathVariable String id, @RequestBody AccountRequests.Update request) {
        return service.update(id, request);
    }
}
